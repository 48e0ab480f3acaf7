/**
 * Checks exported checkpoints (the lines of audit-checkpoints.jsonl) against
 * the signing keys and the database: each must carry a valid signature, and
 * the chain must still verify from genesis up to it and still have, at its
 * seq, the head hash it signed. A chain rewritten consistently after an edit
 * passes GET /v1/audit/verify but fails here.
 */
import { ChainVerdict, ChainVerifier } from './chain-verifier.service';
import { short } from './chain-walk';
import { CheckpointClaims, CheckpointSignatureError, verifyCheckpoint } from './checkpoint-token';

export interface CheckpointResult {
  /** 1-based line number in the export file. */
  line: number;
  ok: boolean;
  seq?: string;
  kid?: string;
  claims?: CheckpointClaims;
  problem?: string;
}

export interface CheckpointReport {
  ok: boolean;
  results: CheckpointResult[];
  /** The chain verified up to the highest checkpoint (absent when no line was valid). */
  chain?: ChainVerdict;
}

type Chain = Pick<ChainVerifier, 'verify' | 'hashesAt'>;

export async function checkCheckpoints(text: string, keys: object[], chain: Chain): Promise<CheckpointReport> {
  const results: CheckpointResult[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    if (lines[index].trim() !== '') results.push(await checkSignature(index + 1, lines[index], keys));
  }
  if (results.length === 0) return { ok: false, results: [{ line: 0, ok: false, problem: 'the file holds no checkpoint' }] };

  const signed = results.flatMap((result) => (result.ok && result.claims ? [{ result, claims: result.claims }] : []));
  if (signed.length === 0) return { ok: false, results };
  const seqs = signed.map(({ claims }) => BigInt(claims.seq));
  const verdict = await chain.verify({ upTo: seqs.reduce((max, seq) => (seq > max ? seq : max)) });
  const hashes = await chain.hashesAt(seqs);
  for (const { result, claims } of signed) {
    const problem = chainProblem(claims, verdict, hashes);
    if (problem) Object.assign(result, { ok: false, problem });
  }
  return { ok: results.every((result) => result.ok), results, chain: verdict };
}

async function checkSignature(line: number, text: string, keys: object[]): Promise<CheckpointResult> {
  let exported: Record<string, unknown>;
  try {
    exported = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return { line, ok: false, problem: 'not a JSON line' };
  }
  if (typeof exported !== 'object' || exported === null || typeof exported.jws !== 'string') return { line, ok: false, problem: 'no jws in this line' };
  try {
    const { kid, claims } = await verifyCheckpoint(exported.jws, keys);
    // The readable copies beside the JWS must say what it signed, or a reader would be misled.
    for (const field of ['seq', 'headHash', 'at'] as const) {
      if (exported[field] !== undefined && exported[field] !== claims[field]) {
        return { line, ok: false, seq: claims.seq, kid, problem: `its ${field} (${String(exported[field])}) is not the signed ${field} (${claims[field]})` };
      }
    }
    if (exported.kid !== undefined && exported.kid !== kid) return { line, ok: false, seq: claims.seq, kid, problem: `its kid is not the signing key ${kid}` };
    return { line, ok: true, seq: claims.seq, kid, claims };
  } catch (error) {
    if (error instanceof CheckpointSignatureError) return { line, ok: false, problem: error.message };
    throw error;
  }
}

function chainProblem(claims: CheckpointClaims, verdict: ChainVerdict, hashes: Map<bigint, string>): string | undefined {
  const seq = BigInt(claims.seq);
  if (verdict.firstBroken && BigInt(verdict.firstBroken.seq) <= seq) {
    return `the chain does not verify up to it: entry ${verdict.firstBroken.seq}, ${verdict.firstBroken.reason}: ${verdict.firstBroken.message}`;
  }
  const hash = hashes.get(seq);
  if (hash === undefined) return `entry ${seq} is missing from the database`;
  if (hash !== claims.headHash) return `entry ${seq} now hashes to ${short(hash)}…, the checkpoint signed ${short(claims.headHash)}…: the chain was rewritten`;
  return undefined;
}
