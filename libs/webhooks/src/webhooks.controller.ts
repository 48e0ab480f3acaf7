import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { PageQuery, Role } from '@killswitch/db';
import { ApiErrors, IdParam } from '@killswitch/http';
import { Roles, UserContext, UserCtx } from '@killswitch/identity';
import {
  CreateWebhookDto,
  RotateWebhookSecretDto,
  UpdateWebhookDto,
  WebhookCreated,
  WebhookDeliveryListQuery,
  WebhookDeliveryPage,
  WebhookDeliveryView,
  WebhookPage,
  WebhookSecretRotated,
  WebhookView,
} from './dto/webhook.dto';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import { WebhooksService } from './webhooks.service';

/**
 * Outbound webhook subscriptions: admins manage them. A subscription's URL is often itself a credential
 * (a Slack or PagerDuty URL), so only admins read subscriptions; deliveries (which carry no URL) are
 * readable by auditors too, who read everything else.
 */
@ApiTags('webhooks')
@Controller('v1/webhooks')
export class WebhooksController {
  constructor(
    private readonly webhooks: WebhooksService,
    private readonly deliveries: WebhookDeliveriesService,
  ) {}

  @Post()
  @Roles(Role.admin)
  @ApiCreatedResponse({ type: WebhookCreated, description: 'the secret is shown only here' })
  @ApiOperation({ summary: 'Subscribe a webhook endpoint (its secret is shown once)' })
  create(@UserCtx() ctx: UserContext, @Body() dto: CreateWebhookDto): Promise<WebhookCreated> {
    return this.webhooks.create(ctx, dto);
  }

  @Get()
  @Roles(Role.admin)
  @ApiOkResponse({ type: WebhookPage, description: 'newest first' })
  @ApiOperation({ summary: 'List webhooks, newest first' })
  list(@Query() query: PageQuery): Promise<WebhookPage> {
    return this.webhooks.list(query);
  }

  @Get(':id')
  @Roles(Role.admin)
  @ApiOkResponse({ type: WebhookView })
  @ApiOperation({ summary: 'Get a webhook' })
  @ApiErrors(['not_found', 'webhook 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist'])
  get(@IdParam() id: string): Promise<WebhookView> {
    return this.webhooks.get(id);
  }

  @Patch(':id')
  @Roles(Role.admin)
  @ApiOkResponse({ type: WebhookView })
  @ApiOperation({
    summary: 'Change a webhook (URL, events, enabled)',
    description:
      'Enabled again, it is sent the events written from then on; an event type it is given now, the events of that type written from then on. An edit of its URL, format or description leaves it every event it wanted.',
  })
  @ApiErrors(['not_found', 'webhook 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist'])
  update(@UserCtx() ctx: UserContext, @IdParam() id: string, @Body() dto: UpdateWebhookDto): Promise<WebhookView> {
    return this.webhooks.update(ctx, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles(Role.admin)
  @ApiNoContentResponse({ description: 'deleted with its deliveries' })
  @ApiOperation({ summary: 'Delete a webhook with its deliveries' })
  @ApiErrors(['not_found', 'webhook 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist'])
  remove(@UserCtx() ctx: UserContext, @IdParam() id: string): Promise<void> {
    return this.webhooks.remove(ctx, id);
  }

  @Post(':id/rotate-secret')
  @Roles(Role.admin)
  @ApiCreatedResponse({ type: WebhookSecretRotated, description: 'the new secret is shown only here; the old one also signs for graceSec' })
  @ApiOperation({ summary: "Rotate a webhook's signing secret (the new one is shown once; the old one signs too for a grace period)" })
  @ApiErrors(['not_found', 'webhook 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist'])
  rotateSecret(@UserCtx() ctx: UserContext, @IdParam() id: string, @Body() dto: RotateWebhookSecretDto): Promise<WebhookSecretRotated> {
    return this.webhooks.rotateSecret(ctx, id, dto);
  }

  @Post(':id/test')
  @Roles(Role.admin)
  @ApiCreatedResponse({ type: WebhookDeliveryView, description: 'a webhook.test delivery, sent by the worker' })
  @ApiOperation({ summary: 'Send a webhook.test delivery' })
  @ApiErrors(
    ['not_found', 'webhook 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist'],
    ['conflict', 'webhook 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c is disabled: enable it (PATCH enabled: true) before sending a test'],
  )
  test(@UserCtx() ctx: UserContext, @IdParam() id: string): Promise<WebhookDeliveryView> {
    return this.deliveries.test(ctx, id);
  }

  @Get(':id/deliveries')
  @Roles(Role.admin, Role.auditor)
  @ApiOkResponse({ type: WebhookDeliveryPage, description: 'newest first, each with every attempt' })
  @ApiOperation({ summary: "List a webhook's deliveries with their attempts" })
  @ApiErrors(['not_found', 'webhook 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist'])
  listDeliveries(@IdParam() id: string, @Query() query: WebhookDeliveryListQuery): Promise<WebhookDeliveryPage> {
    return this.deliveries.list(id, query);
  }

  @Post(':id/deliveries/:deliveryId/retry')
  @HttpCode(200)
  @Roles(Role.admin)
  @ApiOkResponse({
    type: WebhookDeliveryView,
    description:
      "sent again by the worker, same webhook-id: the delivery's next attempt now, in its one chain of retries (a delivered or given-up one starts again); asks made before the worker acts on one join it",
  })
  @ApiOperation({ summary: 'Send a webhook delivery again (one more attempt now; asks at the same time make one)' })
  @ApiErrors(
    ['not_found', 'delivery 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c of webhook 9b2e4d6f-1a3c-4e5b-8d7f-0c2a4e6b8d1f does not exist'],
    ['conflict', 'webhook 9b2e4d6f-1a3c-4e5b-8d7f-0c2a4e6b8d1f is disabled: enable it (PATCH enabled: true) before retrying'],
  )
  retry(@UserCtx() ctx: UserContext, @IdParam() id: string, @IdParam('deliveryId') deliveryId: string): Promise<WebhookDeliveryView> {
    return this.deliveries.retry(ctx, id, deliveryId);
  }
}
