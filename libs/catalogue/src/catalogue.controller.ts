import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Role } from '@killswitch/db';
import { ANY_ROLE, Roles, UserContext, UserCtx } from '@killswitch/identity';
import { CatalogueService } from './catalogue.service';
import {
  CreateIntegrationDto,
  CreateVendorDto,
  CreateVendorModelDto,
  IntegrationListQuery,
  IntegrationPage,
  IntegrationView,
  UpdateIntegrationDto,
  VendorListQuery,
  VendorModelView,
  VendorPage,
  VendorView,
} from './dto/catalogue.dto';

@ApiTags('catalogue')
@ApiBearerAuth()
@Controller('v1')
export class CatalogueController {
  constructor(private readonly catalogue: CatalogueService) {}

  @Post('vendors')
  @Roles(Role.admin, Role.responder)
  @ApiCreatedResponse({ type: VendorView })
  createVendor(@UserCtx() ctx: UserContext, @Body() dto: CreateVendorDto): Promise<VendorView> {
    return this.catalogue.createVendor(ctx, dto);
  }

  @Get('vendors')
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ type: VendorPage })
  listVendors(@Query() query: VendorListQuery): Promise<VendorPage> {
    return this.catalogue.listVendors(query);
  }

  @Post('vendors/:slug/models')
  @Roles(Role.admin, Role.responder)
  @ApiCreatedResponse({ type: VendorModelView })
  createModel(@UserCtx() ctx: UserContext, @Param('slug') slug: string, @Body() dto: CreateVendorModelDto): Promise<VendorModelView> {
    return this.catalogue.createModel(ctx, slug, dto);
  }

  @Post('integrations')
  @Roles(Role.admin, Role.responder)
  @ApiCreatedResponse({ type: IntegrationView })
  createIntegration(@UserCtx() ctx: UserContext, @Body() dto: CreateIntegrationDto): Promise<IntegrationView> {
    return this.catalogue.createIntegration(ctx, dto);
  }

  @Get('integrations')
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ type: IntegrationPage })
  listIntegrations(@Query() query: IntegrationListQuery): Promise<IntegrationPage> {
    return this.catalogue.listIntegrations(query);
  }

  @Patch('integrations/:key')
  @Roles(Role.admin, Role.responder)
  @ApiOkResponse({ type: IntegrationView })
  updateIntegration(@UserCtx() ctx: UserContext, @Param('key') key: string, @Body() dto: UpdateIntegrationDto): Promise<IntegrationView> {
    return this.catalogue.updateIntegration(ctx, key, dto);
  }
}
