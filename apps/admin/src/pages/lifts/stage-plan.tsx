import type { LiftRequest } from '../../lib/types';

/** The staged plan: each share of devices released in turn, the one in force marked. */
export function StagePlan({ request }: { request: LiftRequest }) {
  return (
    <ol className="stages" aria-label="Staged plan">
      {request.stages.map((percent, index) => {
        const done = index <= request.currentStage;
        return (
          <li key={percent} className={done ? 'stage stage-done' : 'stage'} aria-current={index === request.currentStage ? 'step' : undefined}>
            {percent} %{done ? <span className="visually-hidden"> (released)</span> : null}
          </li>
        );
      })}
    </ol>
  );
}
