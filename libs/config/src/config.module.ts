import { DynamicModule, Global, Module } from '@nestjs/common';
import { EnvConfig } from './env.config';

/** Makes the validated EnvConfig injectable everywhere. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: EnvConfig): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: EnvConfig, useValue: config }], exports: [EnvConfig] };
  }
}
