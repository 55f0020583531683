/**
 * What the instance monitor and `procos run` see and do, one room per job: reading (queries.ts),
 * variables by scope (variables.ts), changing (commands.ts), run-and-wait (run-and-wait.ts), the
 * event feed's look at history (event-polling.ts), deployed BPMN read with bpmn-moddle (bpmn-xml.ts).
 */
import type { CamundaRest } from '../camunda-rest';
import { DefinitionDocuments } from './bpmn-xml';
import { MonitorCommands } from './commands';
import { HistoryPolling } from './event-polling';
import { MonitorQueries } from './queries';
import { RunAndWait } from './run-and-wait';
import { InstanceVariables } from './variables';

export { engineDate, SYSTEM_PROCESS_KEYS } from './engine-rows';
export { variableFilter } from './queries';
export { endEventNames } from './bpmn-xml';
export type { IncidentChange } from './event-polling';

export class Monitor {
  private readonly documents: DefinitionDocuments;
  private readonly queries: MonitorQueries;
  private readonly variables: InstanceVariables;
  private readonly commands: MonitorCommands;
  private readonly runner: RunAndWait;
  private readonly history: HistoryPolling;

  constructor(rest: CamundaRest) {
    this.documents = new DefinitionDocuments(rest);
    this.variables = new InstanceVariables(rest);
    this.queries = new MonitorQueries(rest, this.documents, this.variables);
    this.commands = new MonitorCommands(rest);
    this.runner = new RunAndWait(rest, this.commands, this.variables, this.documents);
    this.history = new HistoryPolling(rest);
  }

  definitions = () => this.queries.definitions();
  definitionXml = (id: string) => this.documents.xml(id);
  instances: MonitorQueries['instances'] = (q) => this.queries.instances(q);
  instance = (id: string) => this.queries.instance(id);
  activityStatistics = (definitionId: string) => this.queries.activityStatistics(definitionId);

  setVariables: InstanceVariables['set'] = (input) => this.variables.set(input);
  start: MonitorCommands['start'] = (input) => this.commands.start(input);
  retryIncident = (incidentId: string) => this.commands.retryIncident(incidentId);
  cancel = (instanceId: string) => this.commands.cancel(instanceId);

  run: RunAndWait['run'] = (input, onStarted, signal) => this.runner.run(input, onStarted, signal);
  taskReported: RunAndWait['taskReported'] = (instanceId, topic, outcome) => this.runner.taskReported(instanceId, topic, outcome);

  incidentsSince = (since: Date) => this.history.incidentsSince(since);
  finishedSince = (since: Date) => this.history.finishedSince(since);
}
