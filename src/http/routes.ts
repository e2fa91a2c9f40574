/**
 * The table of contents of the HTTP API: every tab and report route, one line each — method, path,
 * input schemas, handler and response kind (route-kit.ts says what each kind does). Bot traffic
 * (/api/messages), health checks and the tab's static files are wired in server.ts.
 */
import {
  assessmentPutSchema,
  lensChoicePutSchema,
  lensPutSchema,
  planPutSchema,
  voicePutSchema,
} from '../contracts/tab-api';
import { caseEvents, type CaseEventsOptions } from './case-events';
import { consentSheetByLink, withdrawalByLink } from './consent-sheet-api';
import {
  auditExport,
  auditExportQuery,
  linkParams,
  planPdf,
  planPdfByLink,
  statistics,
  statisticsQuery,
} from './reports-api';
import { planExportJson, planExportPdf } from './plan-export-api';
import { listFrozenConsultations, openFrozenConsultation } from './frozen-consultation-api';
import { dev, file, json, link, stream, type Route } from './route-kit';
import { lensParams, putLens, putLensChoice } from './tab-lenses';
import { putVoice, voiceParams } from './tab-voice';
import { caseChanges, caseParams, devPersonas, listCases, openCase, putAssessment, putPlan } from './tab-api';

export function httpRoutes(options: CaseEventsOptions): readonly Route[] {
  return [
    json('GET', '/api/tab/cases', { handler: listCases }),
    json('GET', '/api/tab/cases/:caseId', { params: caseParams, handler: openCase }),
    json('PUT', '/api/tab/cases/:caseId/assessment', {
      params: caseParams,
      body: assessmentPutSchema,
      handler: putAssessment,
    }),
    json('PUT', '/api/tab/cases/:caseId/plan', { params: caseParams, body: planPutSchema, handler: putPlan }),
    json('GET', '/api/tab/frozen-consultations', { handler: listFrozenConsultations }),
    json('GET', '/api/tab/frozen-consultations/:caseId', { params: caseParams, handler: openFrozenConsultation }),
    json('PUT', '/api/tab/cases/:caseId/lenses', {
      params: caseParams,
      body: lensChoicePutSchema,
      handler: putLensChoice,
    }),
    json('PUT', '/api/tab/cases/:caseId/lenses/:lensId', { params: lensParams, body: lensPutSchema, handler: putLens }),
    json('PUT', '/api/tab/cases/:caseId/voice/:speaker', {
      params: voiceParams,
      body: voicePutSchema,
      handler: putVoice,
    }),
    json('GET', '/api/tab/cases/:caseId/changes', { params: caseParams, handler: caseChanges }),
    stream('GET', '/api/tab/cases/:caseId/events', { params: caseParams, handler: caseEvents(options) }),
    file('GET', '/api/tab/cases/:caseId/plan.pdf', { params: caseParams, handler: planPdf }),
    file('GET', '/api/tab/cases/:caseId/plan-export.json', { params: caseParams, handler: planExportJson }),
    file('GET', '/api/tab/cases/:caseId/plan-export.pdf', { params: caseParams, handler: planExportPdf }),
    file('GET', '/api/tab/audit-export', { query: auditExportQuery, handler: auditExport }),
    file('GET', '/api/tab/statistics', { query: statisticsQuery, handler: statistics }),
    link('GET', '/api/family-plan/:token', { params: linkParams, handler: planPdfByLink }),
    link('GET', '/api/consent-sheet/:token', { params: linkParams, handler: consentSheetByLink }),
    link('GET', '/api/consent-withdrawal/:token', { params: linkParams, handler: withdrawalByLink }),
    dev('GET', '/api/tab/dev/personas', { handler: devPersonas }),
  ];
}
