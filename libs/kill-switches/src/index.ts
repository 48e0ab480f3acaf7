export * from './kill-switches.module';
export * from './kill-switches.service';
export * from './dto/kill-switch.dto';
export * from './lifts/dto/lift-request.dto';
export { DECIDING_ROLES, FourEyes, checkFourEyes, fourEyesRefusals } from './lifts/four-eyes';
export type { FourEyesSubject, MadeByOnePerson } from './lifts/four-eyes';
export { auditingRefusals } from './lifts/refusals';
