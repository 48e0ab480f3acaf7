import { Module } from '@nestjs/common';
import { QueueService } from './queue.service';

/** The producer side of every queue, for the worker's modules: one QueueService (one Redis connection) however many import it. */
@Module({ providers: [QueueService], exports: [QueueService] })
export class QueueProducerModule {}
