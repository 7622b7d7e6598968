/**
 * Proof of who added a record: git's own verification of the signature on the commit that added
 * it. Pure: git.ts runs `git log --format=%G?…` with the allowed signers file, and this module
 * turns git's answer into a `SignatureProof`, the words a person reads, and the judgement whether
 * it proves the record's approver.
 *
 * - SSH signatures (`gpg.format ssh`): git asks `ssh-keygen` which principal the allowed signers
 *   file gives the key to; `%G?` is `G` only when it finds one, and `%GS` is that principal.
 * - OpenPGP (and X.509) signatures: `%G?` is `G` only for a key the keyring of the machine that
 *   runs verify holds as valid; `%GS` is the key's user id (`Name <email>`).
 *
 * A record is proven only by a good signature from a key given to exactly one identity (not a
 * pattern such as `*@example.com`), and that identity must be the record's approver after
 * normalisation (identity.ts).
 */
import { formatIdentity, normalizeEmail, type Identity } from './identity';

export type SignatureStatus =
  /** Good signature by a key the allowed signers (or the keyring) give to `signer`. */
  | 'verified'
  /** The commit has no signature. */
  | 'unsigned'
  /** A good signature, but by a key nobody vouches for (not in the allowed signers, or not valid in the keyring). */
  | 'unknown-key'
  /** The allowed signers give the key to a pattern or to a list, not to one person. */
  | 'not-one-person'
  /** The signature does not match the commit. */
  | 'bad'
  /** Expired or revoked signature or key. */
  | 'expired'
  /** The signature could not be checked (no key, no ssh-keygen or gpg). */
  | 'cannot-check';

export interface SignatureProof {
  /** The commit whose signature this is (the one that added the record). */
  commit: string;
  status: SignatureStatus;
  /** For `verified`: the identity (e-mail address) the key belongs to. */
  signer?: string;
  /** The signing key's fingerprint or id, when git names it. */
  key?: string;
  /** What a person reads: "signed with SSH key SHA256:… of alice@example.com". */
  detail: string;
}

/** Characters that make an allowed-signers principal a pattern or a list, not one identity. */
const NOT_ONE_PERSON = /[*?,!\s]/;

function shortCommit(c: string): string {
  return c.slice(0, 10);
}

/**
 * Git's `%G?`, `%GS` and `%GK` for one commit, as a proof. `%G?`: G good, U good but unknown
 * validity, B bad, X/Y expired signature/key, R revoked key, E cannot be checked, N none.
 */
export function signatureProof(commit: string, code: string, signerField: string, key: string): SignatureProof {
  const at = shortCommit(commit);
  const k = key.trim();
  const withKey = k !== '' ? ` key ${k}` : ' key';
  const base = { commit, ...(k !== '' ? { key: k } : {}) };
  switch (code) {
    case 'G': {
      const raw = signerField.trim();
      const m = /<([^<>]*)>\s*$/.exec(raw);
      const signer = (m ? m[1]! : raw).trim();
      if (signer === '') return { ...base, status: 'unknown-key', detail: `commit ${at} is signed with${withKey}, which no allowed signer vouches for` };
      if (NOT_ONE_PERSON.test(signer)) {
        return { ...base, status: 'not-one-person', detail: `commit ${at} is signed with${withKey}, which the allowed signers give to ${JSON.stringify(signer)}, a pattern or list rather than one person` };
      }
      return { ...base, status: 'verified', signer, detail: `commit ${at} is signed with${withKey} of ${signer}` };
    }
    case 'U':
      return { ...base, status: 'unknown-key', detail: `commit ${at} is signed with${withKey}, which the allowed signers do not list (or the keyring does not trust)` };
    case 'B':
      return { ...base, status: 'bad', detail: `the signature of commit ${at} does not match the commit (bad signature)` };
    case 'X':
    case 'Y':
    case 'R':
      return { ...base, status: 'expired', detail: `commit ${at} is signed with${withKey}, which is ${code === 'R' ? 'revoked' : 'expired'}` };
    case 'E':
      return { ...base, status: 'cannot-check', detail: `the signature of commit ${at} cannot be checked (the key is missing, or ssh-keygen/gpg failed)` };
    default:
      return { ...base, status: 'unsigned', detail: `commit ${at} is not signed` };
  }
}

/**
 * Why a signature disproves the record's claim, whatever the policy asks (a record signed by
 * someone else's key is a forgery, not a missing proof); undefined when it does not.
 */
export function signatureContradiction(proof: SignatureProof | undefined, approver: Identity): string | undefined {
  if (!proof) return undefined;
  if (proof.status === 'bad') return proof.detail;
  if (proof.status === 'verified' && proof.signer !== undefined && normalizeEmail(proof.signer) !== normalizeEmail(approver.email)) {
    return `${proof.detail}, not by the approver ${formatIdentity(approver)}: the record claims someone else's approval`;
  }
  return undefined;
}

/** True when the signature proves the approver's identity. */
export function provesApprover(proof: SignatureProof | undefined, approver: Identity): boolean {
  return proof?.status === 'verified' && signatureContradiction(proof, approver) === undefined;
}
