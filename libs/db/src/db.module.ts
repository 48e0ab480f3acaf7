import { Global, Module } from '@nestjs/common';
import { ChangeListener } from './change-listener.service';
import { PrismaService } from './prisma.service';

@Global()
@Module({ providers: [PrismaService, ChangeListener], exports: [PrismaService, ChangeListener] })
export class DbModule {}
