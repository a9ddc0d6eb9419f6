/**
 * Only Defender for Identity alerts become fixtures. Each source names the product differently; a record
 * from another product is refused with the product's own name, never imported as an MDI alert.
 */
import { lookupTable } from '../../shared/lookupTable';
const MDI = /^(microsoftDefenderForIdentity|Microsoft Defender for Identity|Azure Advanced Threat Protection|Azure ATP|Azure Advanced Threat Analytics|ATA|MDI)$/i;

export function isDefenderForIdentity(product: string | undefined): boolean {
  return !!product && MDI.test(product.trim());
}

const NAMES: Record<string, string> = lookupTable({
  microsoftdefenderforendpoint: 'Microsoft Defender for Endpoint',
  microsoftdefenderforoffice365: 'Microsoft Defender for Office 365',
  microsoftdefenderforcloudapps: 'Microsoft Defender for Cloud Apps',
  microsoftdefenderforcloud: 'Microsoft Defender for Cloud',
  azureadidentityprotection: 'Microsoft Entra ID Protection',
  microsoftdatalossprevention: 'Microsoft Purview Data Loss Prevention',
  microsoftsentinel: 'Microsoft Sentinel',
  microsoft365defender: 'Microsoft Defender XDR',
  microsoftdefenderxdr: 'Microsoft Defender XDR',
});

export function otherProduct(product: string | undefined): string {
  if (!product) return 'a record that names no product (not a Defender for Identity alert)';
  return `a ${NAMES[product.replace(/\s/g, '').toLowerCase()] ?? product} alert, not Defender for Identity: only Defender for Identity alerts are imported`;
}
