/**
 * The coverage as an ATT&CK Navigator layer (layer format 4.5, schemas/navigator-layer-4.5.schema.json):
 * one technique entry per technique of a covered catalog type, scored by fixture count or FP rate, with
 * a comment and metadata naming the MDI alert types behind it. The CLI and the editor's export both
 * write what this returns.
 */
import type { CoverageScore } from '../../shared/coverage';
import { formatFpRate } from '../verdicts/insight';
import { ATTACK_VERSION } from './attack';
import { totalsLine, type CoverageReport, type TypeCoverage } from './build';

export const LAYER_FORMAT_VERSION = '4.5';
/** The Navigator release the layer is written for (4.5 layers need at least 4.9.0). */
export const NAVIGATOR_VERSION = '5.1.0';

export interface LayerMetadata {
  name: string;
  value: string;
}

export interface LayerTechnique {
  techniqueID: string;
  score?: number;
  comment: string;
  enabled: boolean;
  metadata: LayerMetadata[];
  showSubtechniques?: boolean;
}

export interface NavigatorLayer {
  name: string;
  versions: { attack: string; navigator: string; layer: string };
  domain: 'enterprise-attack';
  description: string;
  sorting: number;
  layout: { layout: 'side'; showID: boolean; showName: boolean; expandedSubtechniques: 'annotated' };
  hideDisabled: boolean;
  techniques: LayerTechnique[];
  gradient: { colors: string[]; minValue: number; maxValue: number };
  legendItems: { label: string; color: string }[];
  metadata: LayerMetadata[];
}

export interface LayerOptions {
  score: CoverageScore;
  /** The workspace the fixtures come from (its folder name). */
  workspace: string;
  /** When the layer is made (tests pin it). */
  now?: Date;
}

const GOOD = '#8ec843';
const MIDDLE = '#ffe766';
const BAD = '#ff6666';

const fixturesWord = (n: number) => `${n} ${n === 1 ? 'fixture' : 'fixtures'}`;

function describeType(t: TypeCoverage): string {
  const rate = t.tp + t.fp ? `, FP rate ${formatFpRate(t.fpRate)}` : '';
  return `${t.externalId} ${t.name} (${t.fixtures ? fixturesWord(t.fixtures) : 'no fixture'}${rate})`;
}

export function buildNavigatorLayer(report: CoverageReport, options: LayerOptions): NavigatorLayer {
  const byExternalId = new Map(report.types.map((t) => [t.externalId, t]));
  const covered = new Set(report.types.filter((t) => t.known && t.fixtures > 0).flatMap((t) => t.techniques));
  const techniques: LayerTechnique[] = [];
  for (const tech of report.techniques) {
    if (!covered.has(tech.techniqueId)) continue;
    const types = tech.types.map((id) => byExternalId.get(id)!);
    const score = options.score === 'fixtures' ? tech.fixtures : tech.fpRate === null ? undefined : Math.round(tech.fpRate * 1000) / 10;
    techniques.push({
      techniqueID: tech.techniqueId,
      ...(score === undefined ? {} : { score }),
      comment: `MDI alert types: ${types.map(describeType).join('; ')}.`,
      enabled: true,
      metadata: types.map((t) => ({ name: `MDI ${t.externalId}`, value: describeType(t).slice(t.externalId.length + 1) })),
      // Sub-techniques with annotations show under their parent without a click.
      ...(report.techniques.some((s) => s.techniqueId.startsWith(`${tech.techniqueId}.`) && covered.has(s.techniqueId)) ? { showSubtechniques: true } : {}),
    });
  }
  const now = options.now ?? new Date();
  const byFixtures = options.score === 'fixtures';
  const maxFixtures = Math.max(1, ...techniques.map((t) => t.score ?? 0));
  return {
    name: `MDI coverage — ${options.workspace}`,
    versions: { attack: ATTACK_VERSION, navigator: NAVIGATOR_VERSION, layer: LAYER_FORMAT_VERSION },
    domain: 'enterprise-attack',
    description: `Microsoft Defender for Identity alert types exercised by the fixtures of ${options.workspace}. ${totalsLine(report.totals)}. ` +
      (byFixtures ? 'Score: number of alert fixtures of the types behind the technique.' : 'Score: false-positive rate FP / (TP + FP) in percent, from the verdict ledger; unscored without TP or FP.'),
    sorting: 3,
    layout: { layout: 'side', showID: true, showName: true, expandedSubtechniques: 'annotated' },
    hideDisabled: false,
    techniques,
    gradient: byFixtures
      ? { colors: [BAD, MIDDLE, GOOD], minValue: 0, maxValue: maxFixtures }
      : { colors: [GOOD, MIDDLE, BAD], minValue: 0, maxValue: 100 },
    legendItems: byFixtures
      ? [{ label: 'few fixtures', color: BAD }, { label: `${maxFixtures} fixtures`, color: GOOD }]
      : [{ label: 'FP rate 0 %', color: GOOD }, { label: 'FP rate 100 %', color: BAD }],
    metadata: [
      { name: 'Workspace', value: options.workspace },
      { name: 'Generated', value: now.toISOString() },
      { name: 'Score', value: byFixtures ? 'fixture count' : 'FP rate (%)' },
      { name: 'Coverage', value: totalsLine(report.totals) },
      { name: 'Generator', value: 'ATP Alert Workbench' },
    ],
  };
}
