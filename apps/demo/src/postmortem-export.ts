/** The auditors' part: the incident's key timings, its postmortem exported as Markdown to a file, and the audit chain verified. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditVerification, IncidentDetail } from '@killswitch/api-client';
import type { DemoUser } from './demo-people';

export async function exportPostmortem(reader: DemoUser, incidentId: string, dir: string): Promise<string> {
  const markdown = await reader.api.text(`/v1/incidents/${incidentId}/export`, { format: 'md' });
  await mkdir(dir, { recursive: true });
  const path = join(dir, `postmortem-${incidentId}.md`);
  await writeFile(path, markdown);
  return path;
}

export function incidentDetail(reader: DemoUser, incidentId: string): Promise<IncidentDetail> {
  return reader.api.get<IncidentDetail>(`/v1/incidents/${incidentId}`);
}

export function verifyAudit(reader: DemoUser): Promise<AuditVerification> {
  return reader.api.get<AuditVerification>('/v1/audit/verify');
}
