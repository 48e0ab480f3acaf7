import { Global, Module } from '@nestjs/common';
import { ChangeListener } from './change-listener.service';
import { PrismaService } from './prisma.service';
import { ReadReplica } from './read-replica.service';

@Global()
@Module({ providers: [PrismaService, ChangeListener, ReadReplica], exports: [PrismaService, ChangeListener, ReadReplica] })
export class DbModule {}
