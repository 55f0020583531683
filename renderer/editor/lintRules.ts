/**
 * ProcOS's own bpmnlint rules, written with bpmnlint's rule API (a factory returning `{ check }`).
 * They catch what the engine would otherwise reject at deploy time.
 */
type Node = { $type: string; id: string; [key: string]: unknown };
type Reporter = { report(id: string, message: string): void };
const is = (node: Node, type: string) => (node as { $instanceOf?: (t: string) => boolean }).$instanceOf?.(type) ?? node.$type === type;

/** A service task needs an implementation: an external topic, a class, an expression or a delegate. */
export function serviceTaskImplementation() {
  return {
    check(node: Node, reporter: Reporter) {
      if (!is(node, 'bpmn:ServiceTask') && !is(node, 'bpmn:SendTask') && !is(node, 'bpmn:BusinessRuleTask')) return;
      const get = (k: string) => (node as { get?: (k: string) => unknown }).get?.(k);
      if (get('camunda:type') === 'external') {
        if (!get('camunda:topic')) reporter.report(node.id, 'External task has no topic');
        return;
      }
      const impl = ['camunda:class', 'camunda:expression', 'camunda:delegateExpression', 'camunda:decisionRef'].some((k) => get(k));
      const connector = ((get('extensionElements') as { values?: Node[] } | undefined)?.values ?? []).some((v) => is(v, 'camunda:Connector'));
      if (!impl && !connector) reporter.report(node.id, 'Task has no implementation (set Implementation → External and a topic)');
    },
  };
}

/** At least one process must be executable, or the engine deploys nothing runnable. */
export function executableProcess() {
  return {
    check(node: Node, reporter: Reporter) {
      if (!is(node, 'bpmn:Definitions')) return;
      const processes = ((node.rootElements as Node[]) ?? []).filter((e) => is(e, 'bpmn:Process'));
      if (processes.length && !processes.some((p) => p.isExecutable)) {
        reporter.report(processes[0].id, 'No process is marked executable');
      }
    },
  };
}
