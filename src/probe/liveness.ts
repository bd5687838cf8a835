import type { McpChannel } from './eras/channel.js';
import { rpcErrorFailure, type Failure } from './failure.js';
import type { StepLog } from './steps.js';

export interface LivenessFacts {
  /** `ping` in the initialize era; `server/discover` (cheap, required) in the stateless era, which has no ping. */
  method: 'ping' | 'server/discover';
  attempts: number;
  failures: Failure[];
  /** `ping` answered Method not found (-32601) although the revision requires it. */
  pingUnsupported: boolean;
}

const METHOD_NOT_FOUND = -32601;

/** A few cheap requests in a row, to catch an endpoint that answers only some of the time. */
export async function sampleLiveness(channel: McpChannel, steps: StepLog, samples: number): Promise<LivenessFacts> {
  const method = channel.era === 'stateless' ? 'server/discover' : 'ping';
  const facts: LivenessFacts = { method, attempts: 0, failures: [], pingUnsupported: false };
  for (let i = 0; i < samples; i++) {
    const outcome = await steps.rpc(method, () => channel.request(method));
    facts.attempts++;
    if (!outcome.ok) {
      facts.failures.push(outcome.failure);
      continue;
    }
    const answer = outcome.answer;
    if (answer.kind === 'error') {
      if (method === 'ping' && answer.error.code === METHOD_NOT_FOUND) {
        facts.pingUnsupported = true;
        return facts;
      }
      facts.failures.push(rpcErrorFailure(method, answer.error));
    }
  }
  return facts;
}
