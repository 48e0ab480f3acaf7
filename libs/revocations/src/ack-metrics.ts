import { Counter } from 'prom-client';
import { metricsRegistry } from '@killswitch/metrics';

/** Acks devices sent that were accepted (a repeat included): their rate is the fleet's acks per second. */
export const deviceAcks = new Counter({
  name: 'killswitch_device_acks_total',
  help: 'Acks accepted from devices (a repeated ack included)',
  registers: [metricsRegistry],
});

/** Revocation deliveries those acks closed: how fast revocations reach the fleet. */
export const deliveriesAcknowledged = new Counter({
  name: 'killswitch_revocation_deliveries_acknowledged_total',
  help: 'Revocation deliveries closed by an ack',
  registers: [metricsRegistry],
});
