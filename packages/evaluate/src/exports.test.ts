import { describe, expect, it } from 'vitest';

// The runtime names each entry point exports. A change to one of these lists is a deliberate API
// decision: `.` is covered by semver, `./internal` is not (see README, "Public surface").
describe('@ifa/evaluate exports', () => {
  it('@ifa/evaluate', async () => {
    expect(Object.keys(await import('./index')).sort()).toEqual([
      'CONFUSION_FILE',
      'JudgeError',
      'REPORT_FILE',
      'REPORT_SCHEMA_VERSION',
      'ReportSchemaError',
      'classJudgeDefaults',
      'evaluate',
      'evaluateGenerator',
      'formatReport',
      'loadOrTrainClassJudge',
      'loadOrTrainJudge',
      'loadRunPairs',
      'validateReport',
    ]);
  });

  it('@ifa/evaluate/internal', async () => {
    expect(Object.keys(await import('./internal/index')).sort()).toEqual([
      'accuracyOf',
      'confusionMatrix',
      'imageSetTensor',
      'parseSplit',
      'perClassAccuracy',
      'scoreImages',
      'spokenDigitBaseline',
    ]);
  });
});
