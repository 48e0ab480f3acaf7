import { Controller, Get } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PrismaService } from '@killswitch/db';
import { deviceView } from '@killswitch/devices';
import { AppError, IdParam } from '@killswitch/http';
import { ANY_ROLE, Roles } from '@killswitch/identity';
import { DeviceStatus, ToldIntegration } from './dto/device-status.dto';
import { FlagsService } from './flags.service';
import { RulesCache } from './rules-cache';

/** Deliveries a device still owes an answer to. */
const OPEN_STATES = ['queued', 'sent', 'failed'] as const;
const MAX_OPEN_DELIVERIES = 100;

/** The admin's view of one device: what it is told now, what it acknowledged, what is still on its way to it. */
@ApiTags('devices')
@ApiExtraModels(ToldIntegration)
@Controller('v1/devices')
export class DeviceStatusController {
  constructor(
    private readonly prisma: PrismaService,
    private readonly flags: FlagsService,
    private readonly rules: RulesCache,
  ) {}

  @Get(':id/status')
  @Roles(...ANY_ROLE)
  @ApiOperation({
    summary: 'What a device is told now (the answer its next poll gets), its acknowledged revision, when it was last seen, and its open deliveries',
  })
  @ApiOkResponse({ type: DeviceStatus })
  async status(@IdParam() id: string): Promise<DeviceStatus> {
    const device = await this.prisma.device.findUnique({ where: { id }, include: { inventory: true } });
    if (!device) throw new AppError('not_found', `device ${id} does not exist`);
    const deliveries = await this.prisma.delivery.findMany({
      where: { deviceId: id, state: { in: [...OPEN_STATES] } },
      orderBy: { rev: 'desc' },
      take: MAX_OPEN_DELIVERIES,
    });
    const revocations = await this.prisma.revocation.findMany({
      where: { id: { in: [...new Set(deliveries.map((d) => d.revocationId))] } },
      select: { id: true, killSwitchId: true, kind: true },
    });
    const revocationOf = new Map(revocations.map((r) => [r.id, r]));
    return {
      device: deviceView(device),
      rev: Number(this.rules.rev),
      integrations: device.decommissionedAt ? {} : this.flags.evaluate(device),
      ackedRev: Number(device.ackedRev),
      lastSeenAt: device.lastSeenAt,
      openDeliveries: deliveries.map((d) => ({
        revocationId: d.revocationId,
        killSwitchId: revocationOf.get(d.revocationId)?.killSwitchId ?? '',
        kind: revocationOf.get(d.revocationId)?.kind ?? 'kill',
        rev: Number(d.rev),
        state: d.state,
        attempts: d.attempts,
        lastError: d.lastError,
        queuedAt: d.queuedAt,
        sentAt: d.sentAt,
      })),
    };
  }
}
