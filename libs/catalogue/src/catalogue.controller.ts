import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { ApiErrors } from '@killswitch/http';
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
@Controller('v1')
export class CatalogueController {
  constructor(private readonly catalogue: CatalogueService) {}

  @Post('vendors')
  @Roles(Role.admin, Role.responder)
  @ApiCreatedResponse({ type: VendorView })
  @ApiOperation({ summary: 'Add a vendor' })
  @ApiErrors(['already_exists', 'vendor xiaomi already exists'])
  createVendor(@UserCtx() ctx: UserContext, @Body() dto: CreateVendorDto): Promise<VendorView> {
    return this.catalogue.createVendor(ctx, dto);
  }

  @Get('vendors')
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ type: VendorPage })
  @ApiOperation({ summary: 'List vendors' })
  listVendors(@Query() query: VendorListQuery): Promise<VendorPage> {
    return this.catalogue.listVendors(query);
  }

  @Post('vendors/:slug/models')
  @Roles(Role.admin, Role.responder)
  @ApiCreatedResponse({ type: VendorModelView })
  @ApiOperation({ summary: 'Add a model to a vendor' })
  @ApiErrors(['not_found', 'vendor xiaomi does not exist'], ['already_exists', 'vendor xiaomi already has a model mijia-cam-360'])
  createModel(@UserCtx() ctx: UserContext, @Param('slug') slug: string, @Body() dto: CreateVendorModelDto): Promise<VendorModelView> {
    return this.catalogue.createModel(ctx, slug, dto);
  }

  @Post('integrations')
  @Roles(Role.admin, Role.responder)
  @ApiCreatedResponse({ type: IntegrationView })
  @ApiOperation({ summary: 'Add an integration (a flag key) of a vendor' })
  @ApiErrors(['already_exists', 'integration xiaomi.camera-stream already exists'])
  createIntegration(@UserCtx() ctx: UserContext, @Body() dto: CreateIntegrationDto): Promise<IntegrationView> {
    return this.catalogue.createIntegration(ctx, dto);
  }

  @Get('integrations')
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ type: IntegrationPage })
  @ApiOperation({ summary: 'List integrations' })
  listIntegrations(@Query() query: IntegrationListQuery): Promise<IntegrationPage> {
    return this.catalogue.listIntegrations(query);
  }

  @Patch('integrations/:key')
  @Roles(Role.admin, Role.responder)
  @ApiOkResponse({ type: IntegrationView })
  @ApiOperation({ summary: "Change an integration's fail mode or description" })
  @ApiErrors(['not_found', 'integration xiaomi.camera-stream does not exist'])
  updateIntegration(@UserCtx() ctx: UserContext, @Param('key') key: string, @Body() dto: UpdateIntegrationDto): Promise<IntegrationView> {
    return this.catalogue.updateIntegration(ctx, key, dto);
  }
}
