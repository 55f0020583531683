/**
 * The bpmnlint configuration, precompiled for the browser: the rule modules are imported statically
 * and served by a resolver, which is what bpmnlint-pack-config would generate from a .bpmnlintrc.
 */
import adHocSubProcess from 'bpmnlint/rules/ad-hoc-sub-process';
import conditionalFlows from 'bpmnlint/rules/conditional-flows';
import endEventRequired from 'bpmnlint/rules/end-event-required';
import eventBasedGateway from 'bpmnlint/rules/event-based-gateway';
import fakeJoin from 'bpmnlint/rules/fake-join';
import labelRequired from 'bpmnlint/rules/label-required';
import linkEvent from 'bpmnlint/rules/link-event';
import noComplexGateway from 'bpmnlint/rules/no-complex-gateway';
import noDisconnected from 'bpmnlint/rules/no-disconnected';
import noDuplicateSequenceFlows from 'bpmnlint/rules/no-duplicate-sequence-flows';
import noGatewayJoinFork from 'bpmnlint/rules/no-gateway-join-fork';
import noImplicitEnd from 'bpmnlint/rules/no-implicit-end';
import noImplicitSplit from 'bpmnlint/rules/no-implicit-split';
import noImplicitStart from 'bpmnlint/rules/no-implicit-start';
import singleBlankStartEvent from 'bpmnlint/rules/single-blank-start-event';
import singleEventDefinition from 'bpmnlint/rules/single-event-definition';
import startEventRequired from 'bpmnlint/rules/start-event-required';
import subProcessBlankStartEvent from 'bpmnlint/rules/sub-process-blank-start-event';
import superfluousGateway from 'bpmnlint/rules/superfluous-gateway';
import { executableProcess, serviceTaskImplementation } from './lintRules';

const bpmnlintRules: Record<string, unknown> = {
  'ad-hoc-sub-process': adHocSubProcess,
  'conditional-flows': conditionalFlows,
  'end-event-required': endEventRequired,
  'event-based-gateway': eventBasedGateway,
  'fake-join': fakeJoin,
  'label-required': labelRequired,
  'link-event': linkEvent,
  'no-complex-gateway': noComplexGateway,
  'no-disconnected': noDisconnected,
  'no-duplicate-sequence-flows': noDuplicateSequenceFlows,
  'no-gateway-join-fork': noGatewayJoinFork,
  'no-implicit-end': noImplicitEnd,
  'no-implicit-split': noImplicitSplit,
  'no-implicit-start': noImplicitStart,
  'single-blank-start-event': singleBlankStartEvent,
  'single-event-definition': singleEventDefinition,
  'start-event-required': startEventRequired,
  'sub-process-blank-start-event': subProcessBlankStartEvent,
  'superfluous-gateway': superfluousGateway,
};
const procosRules: Record<string, unknown> = {
  'service-task-implementation': serviceTaskImplementation,
  'executable-process': executableProcess,
};

const warnOnly = new Set(['fake-join', 'label-required', 'superfluous-gateway']);

export const lintConfig = {
  config: {
    rules: {
      ...Object.fromEntries(Object.keys(bpmnlintRules).map((r) => [r, warnOnly.has(r) ? 'warn' : 'error'])),
      ...Object.fromEntries(Object.keys(procosRules).map((r) => [`procos/${r}`, 'error'])),
    },
  },
  resolver: {
    resolveRule(pkg: string, ruleName: string) {
      const rule = pkg === 'bpmnlint-plugin-procos' ? procosRules[ruleName] : bpmnlintRules[ruleName];
      if (!rule) throw new Error(`cannot resolve rule <${pkg}/${ruleName}>`);
      return rule;
    },
    resolveConfig(pkg: string, name: string) {
      throw new Error(`cannot resolve config <${name}> in <${pkg}>`);
    },
  },
};
