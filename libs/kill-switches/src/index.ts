export * from './kill-switches.module';
export * from './kill-switches.service';
export * from './dto/kill-switch.dto';
export * from './lifts/dto/lift-request.dto';
