/** Writability rules for tests that write through a repository directly (setting up data): the domain's own rule, allowing the areas given. */
import { assessmentWriteRule, type AssessmentContent } from '../../src/domain/assessment';
import type { WriteRule } from '../../src/domain/standing';

export function anyAreas(content: AssessmentContent): WriteRule {
  return assessmentWriteRule(content, new Set(Object.keys(content.areas)));
}
