import { Module } from '@nestjs/common';
import { KillSwitchesController } from './kill-switches.controller';
import { KillSwitchesService } from './kill-switches.service';

@Module({ controllers: [KillSwitchesController], providers: [KillSwitchesService], exports: [KillSwitchesService] })
export class KillSwitchesModule {}
