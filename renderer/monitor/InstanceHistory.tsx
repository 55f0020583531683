/** The steps an instance took, in order (start first), each with start and end time and its duration — three
 * columns, so the table fits the instance's side panel. */
import type { ActivityStep } from '../../common/contract';
import { dateTime, duration } from '../app/format';

const ms = (a: ActivityStep) => (a.endTime ? Date.parse(a.endTime) : Date.now()) - Date.parse(a.startTime);

/** A step's duration: sub-second ones in ms, longer ones as 1m 5s. */
export function stepDuration(a: ActivityStep): string {
  const d = ms(a);
  if (!Number.isFinite(d) || d < 0) return '—';
  return d < 1000 ? `${d} ms` : duration(d);
}

export function InstanceHistory({ activities }: { activities: ActivityStep[] }) {
  if (!activities.length) return <p className="muted">No steps yet.</p>;
  return (
    <div className="table-scroll">
      <table className="table history-table" data-testid="instance-history">
        <thead><tr><th>Step</th><th>Started → ended</th><th>Took</th></tr></thead>
        <tbody>
          {activities.map((a, i) => (
            <tr key={i} className={a.endTime ? 'done' : 'active'} data-testid="history-step" data-activity={a.activityId}>
              <td>
                <span className="step-name">{a.activityName ?? a.activityId}</span>
                <div className="muted small">{a.activityType}{a.canceled ? ' · canceled' : a.endTime ? '' : ' · active'}</div>
              </td>
              <td>
                <div className="nowrap" data-testid="step-start">{dateTime(a.startTime)}</div>
                <div className="nowrap muted small" data-testid="step-end">{a.endTime ? `→ ${dateTime(a.endTime)}` : '→ running'}</div>
              </td>
              <td data-testid="step-duration"><span className="nowrap">{stepDuration(a)}</span>{!a.endTime && <div className="muted small">so far</div>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
