/**
 * Files like a desktop editor, in light and dark: a MIWG/Signavio-style file that
 * binds the `camunda` prefix to Activiti's namespace opens with a notice, saves with nothing dropped
 * and no undeclared prefix (before: "no namespace uri given for prefix <ns0>" and the attributes
 * lost); the XML view shows the diagram and follows edits on the canvas.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { launchBrowser, type Scheme } from './browser';
import { openScreen, shoot } from './screens';
import { lowContrastTexts } from './contrast';
import { uniqueKey } from './bpmn';

/** Shaped like MIWG C.1.0 (exported by Signavio): default BPMN namespace, `camunda` bound to Activiti. */
function miwgStyle(key: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
  xmlns:camunda="http://activiti.org/bpmn" xmlns:omgdc="http://www.omg.org/spec/DD/20100524/DC" xmlns:omgdi="http://www.omg.org/spec/DD/20100524/DI"
  xmlns:signavio="http://www.signavio.com" id="sid-defs" exporter="Signavio Process Editor, http://www.signavio.com" targetNamespace="http://www.signavio.com/bpmn20">
  <process id="${key}" name="MIWG style" isExecutable="false">
    <startEvent id="start" name="Invoice received"><outgoing>f1</outgoing></startEvent>
    <task id="scan" name="Scan invoice" camunda:assignee="team-assistant">
      <extensionElements><signavio:signavioMetaData metaKey="bgcolor" metaValue="#ffffcc"/></extensionElements>
      <incoming>f1</incoming><outgoing>f2</outgoing>
    </task>
    <endEvent id="end"><incoming>f2</incoming></endEvent>
    <sequenceFlow id="f1" sourceRef="start" targetRef="scan"/>
    <sequenceFlow id="f2" sourceRef="scan" targetRef="end"/>
  </process>
  <bpmndi:BPMNDiagram id="d"><bpmndi:BPMNPlane id="p" bpmnElement="${key}">
    <bpmndi:BPMNShape id="start_di" bpmnElement="start"><omgdc:Bounds x="100" y="100" width="30" height="30"/></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="scan_di" bpmnElement="scan"><omgdc:Bounds x="180" y="75" width="100" height="80"/></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="end_di" bpmnElement="end"><omgdc:Bounds x="330" y="101" width="28" height="28"/></bpmndi:BPMNShape>
    <bpmndi:BPMNEdge id="f1_di" bpmnElement="f1"><omgdi:waypoint x="130" y="115"/><omgdi:waypoint x="180" y="115"/></bpmndi:BPMNEdge>
    <bpmndi:BPMNEdge id="f2_di" bpmnElement="f2"><omgdi:waypoint x="280" y="115"/><omgdi:waypoint x="330" y="115"/></bpmndi:BPMNEdge>
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</definitions>`;
}

let browser: Browser;
beforeAll(async () => { browser = await launchBrowser(); }, 60_000);
afterAll(async () => { await browser?.close(); }, 60_000);

describe.each<Scheme>(['light', 'dark'])('files in the editor (%s)', (scheme) => {
  test('a file with a clashing namespace prefix saves intact; the XML view follows the canvas', async () => {
    const screen = await openScreen(browser, { scheme, hash: '#/editor' });
    const { page } = screen;
    const consoleErrors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    try {
      const key = uniqueKey('miwg');
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('editor-open').click()]);
      await chooser.setFiles({ name: `${key}.bpmn`, mimeType: 'application/xml', buffer: Buffer.from(miwgStyle(key)) });
      await expect.poll(() => page.getByTestId('editor-title').textContent()).toContain(`${key}.bpmn`);
      await page.locator('.djs-shape[data-element-id="scan"]').waitFor();
      const notice = page.getByTestId('namespace-notice');
      await notice.waitFor();
      expect(await notice.textContent()).toContain('camunda: → activiti: (http://activiti.org/bpmn)');

      // Save (a download in a browser): every attribute and extension kept, every prefix declared
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('editor-save').click()]);
      const saved = await readFile((await download.path())!, 'utf8');
      expect(saved).toContain('xmlns:activiti="http://activiti.org/bpmn"');
      expect(saved).toContain('activiti:assignee="team-assistant"');
      expect(saved).toContain('<signavio:signavioMetaData metaKey="bgcolor" metaValue="#ffffcc"');
      for (const prefix of new Set([...saved.matchAll(/[\s<]([A-Za-z_][\w-]*):[A-Za-z_][\w-]*[=\s>/]/g)].map((m) => m[1]))) {
        if (prefix !== 'xmlns' && prefix !== 'xml') expect(saved, `prefix ${prefix} declared`).toContain(`xmlns:${prefix}=`);
      }
      expect(consoleErrors.filter((e) => /namespace/i.test(e))).toEqual([]);
      await expect.poll(() => page.getByTestId('editor-title').getAttribute('data-dirty')).toBe('false');

      // the XML view shows the diagram and follows an edit on the canvas
      await page.getByTestId('editor-xml').click();
      const xmlText = page.getByTestId('xml-text');
      await expect.poll(() => xmlText.inputValue()).toContain('activiti:assignee="team-assistant"');
      await page.locator('.djs-shape[data-element-id="end"]').click();
      await page.keyboard.press('Delete');
      await expect.poll(() => xmlText.inputValue()).not.toContain('<endEvent id="end"');
      expect(await xmlText.inputValue()).toContain('<task id="scan"');
      expect(await lowContrastTexts(page, '[data-testid="xml-view"]')).toEqual([]);
      await shoot(screen, `editor-xml-view-${scheme}`);
      await page.getByTestId('editor-xml').click();
      await expect.poll(() => page.getByTestId('xml-view').count()).toBe(0);
    } finally {
      await screen.close();
    }
  }, 180_000);
});
