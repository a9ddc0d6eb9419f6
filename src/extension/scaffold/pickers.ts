/**
 * The quick picks of "New Alert Fixture…": the alert type (grouped by kill-chain phase, searchable by
 * name, external ID and ATT&CK technique), then how to fill the entity roles.
 */
import * as vscode from 'vscode';
import { catalog } from '../../core/catalog';
import { PHASES, PHASE_LABELS, type UniqueEntity } from '../../core/model';
import type { SlotSpec } from '../../core/scaffold';
import { loadScaffold } from '../../core/lazyBundles';
import type { WorkspaceIndex } from '../../core/workspaceIndex';
import { lookupTable } from '../../shared/lookupTable';

type TypeItem = vscode.QuickPickItem & { externalId?: string };

const ROLE_WORDS: Record<string, string> = lookupTable({
  sourceUser: 'source user', sourceComputer: 'source computer', domainController: 'domain controller', attackedAccount: 'attacked accounts',
  dnsServer: 'DNS servers', destinationComputer: 'destination computer', member: 'member', group: 'group', issuedTo: 'computer the ticket was issued to',
  relayedAccount: 'relayed computer account',
});
export const slotLabel = (slot: SlotSpec) => ROLE_WORDS[slot.key] ?? slot.key;

/** The 69 types under phase separators; the detail says which roles a fixture of the type gets. */
export function typeItems(index: WorkspaceIndex): TypeItem[] {
  const counts = new Map<string, number>();
  for (const a of index.alerts()) counts.set(String(a.alert.externalId), (counts.get(String(a.alert.externalId)) ?? 0) + 1);
  const items: TypeItem[] = [];
  for (const phase of PHASES) {
    items.push({ label: PHASE_LABELS[phase], kind: vscode.QuickPickItemKind.Separator });
    for (const t of loadScaffold().TEMPLATES) {
      const e = catalog.get(t.externalId)!;
      if (e.phase !== phase) continue;
      const n = counts.get(e.externalId) ?? 0;
      items.push({
        label: e.name,
        description: [e.externalId, ...e.mitreTechniques].join(' · '),
        detail: `${e.severities.join(' or ')} · ${t.slots.map(slotLabel).join(', ')}${n ? ` · ${n} in the workspace` : ' · none in the workspace yet'}`,
        externalId: e.externalId,
      });
    }
  }
  return items;
}

export async function pickAlertType(index: WorkspaceIndex): Promise<string | undefined> {
  const picked = await vscode.window.showQuickPick(typeItems(index), {
    title: 'New Alert Fixture (1/2): alert type',
    placeHolder: 'Type a name, an external ID (2007) or an ATT&CK technique (T1558)',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return picked?.externalId;
}

export type EntityChoice = 'new' | Record<string, string[]>;

/** New pseudonymous entities for every role, or workspace entities role by role. Undefined = cancelled. */
export async function pickEntities(index: WorkspaceIndex, externalId: string): Promise<EntityChoice | undefined> {
  const template = loadScaffold().templateFor(externalId)!;
  const usable = template.slots.filter((s) => candidates(index, s).length);
  if (!usable.length) return 'new';
  const how = await vscode.window.showQuickPick(
    [
      { label: '$(add) New pseudonymous entities', detail: 'Invent every entity: names, SIDs, GUIDs and addresses from the pseudonym generator, marked "IsPartial": true.', value: 'new' as const },
      { label: '$(person) Choose workspace entities…', detail: `Pick from the workspace's entities for each role (${template.slots.map(slotLabel).join(', ')}); skip a role to invent it.`, value: 'choose' as const },
    ],
    { title: `New Alert Fixture (2/2): entities of ${catalog.get(externalId)!.name}`, placeHolder: 'Where do the entities come from?' },
  );
  if (!how) return undefined;
  if (how.value === 'new') return 'new';
  const chosen: Record<string, string[]> = {};
  for (const [i, slot] of template.slots.entries()) {
    const ids = await pickSlot(index, slot, `New Alert Fixture: ${slotLabel(slot)} (${i + 1}/${template.slots.length})`);
    if (ids === undefined) return undefined;
    if (ids.length) chosen[slot.key] = ids;
  }
  return chosen;
}

/** Entities that can fill a slot: its type, best fits first (domain controllers, honeytokens, servers). */
function candidates(index: WorkspaceIndex, slot: SlotSpec): UniqueEntity[] {
  const fits = (e: UniqueEntity) =>
    slot.flavor === 'domainController' ? e.IsDomainController === true
      : slot.flavor === 'honeytoken' ? e.IsHoneytoken === true
        : slot.flavor === 'server' ? e.IsServer === true && e.IsDomainController !== true
          : slot.flavor === 'group' ? e.SystemDisplayName === slot.hint : true;
  const all = index.entities().map((r) => r.entity).filter((e) => e.$type === slot.kind);
  const name = (e: UniqueEntity) => String(e.SystemDisplayName ?? e.SamName ?? e.Id);
  return all.sort((a, b) => Number(fits(b)) - Number(fits(a)) || name(a).localeCompare(name(b)));
}

type EntityItem = vscode.QuickPickItem & { id?: string };

/** One role: an entity (or several for multi-entity roles); [] = invent new ones; undefined = cancelled. */
async function pickSlot(index: WorkspaceIndex, slot: SlotSpec, title: string): Promise<string[] | undefined> {
  const many = (slot.count?.[1] ?? 1) > 1;
  const items: EntityItem[] = candidates(index, slot).map((e) => ({
    label: String(e.SystemDisplayName ?? e.SamName ?? e.Id),
    description: [e.SamName, e.Department, e.OperatingSystemDisplayName, e.IsHoneytoken ? 'honeytoken' : undefined].filter(Boolean).join(' · '),
    detail: typeof e.DistinguishedName === 'string' ? e.DistinguishedName : String(e.Id),
    id: String(e.Id),
  }));
  if (many) {
    const picked = await vscode.window.showQuickPick(items, { title, canPickMany: true, matchOnDescription: true, placeHolder: `Tick the ${slotLabel(slot)}; none ticked invents new ones` });
    return picked?.map((p) => p.id!);
  }
  const fresh: EntityItem = { label: `$(add) New ${slot.kind === 'User' ? 'account' : slot.kind.toLowerCase()}`, description: 'pseudonymous, marked IsPartial' };
  const picked = await vscode.window.showQuickPick([fresh, { label: 'Workspace entities', kind: vscode.QuickPickItemKind.Separator }, ...items], {
    title, matchOnDescription: true, matchOnDetail: true, placeHolder: `The ${slotLabel(slot)}`,
  });
  if (!picked) return undefined;
  return picked.id ? [picked.id] : [];
}
