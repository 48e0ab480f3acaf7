export * from './timeline';
export * from './incident-status';
export * from './key-timings';
export * from './dto/incident.dto';
export * from './dto/timeline.dto';
export * from './dto/postmortem.dto';
export * from './incident-queries.service';
export * from './incidents.module';
