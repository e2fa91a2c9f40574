/** The baseline's load: the same invoke shape, answered inline with a small card. */
import { invokeActivity, type LoadSpec } from './load';

export function echoLoad(url: string, serviceUrl: string, connections: number, durationS: number): LoadSpec {
  const body = JSON.stringify(
    invokeActivity(
      'wheel.submit',
      {
        caseId: '00000000-0000-4000-8000-000000000000',
        version: 0,
        'tillhorighet.level': 'some',
        'tillhorighet.strengths': 'Har en god vän i klassen (0)',
      },
      serviceUrl,
    ),
  );
  return {
    url,
    connections,
    durationS,
    bodyFor: () => body,
    onAnswer: (_c, status, text) => status === 200 && text.includes('"AdaptiveCard"'),
  };
}
