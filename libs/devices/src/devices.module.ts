import { Module } from '@nestjs/common';
import { IdentityModule } from '@killswitch/identity';
import { DevicesController } from './devices.controller';
import { DevicesService } from './devices.service';

@Module({ imports: [IdentityModule], controllers: [DevicesController], providers: [DevicesService], exports: [DevicesService] })
export class DevicesModule {}
