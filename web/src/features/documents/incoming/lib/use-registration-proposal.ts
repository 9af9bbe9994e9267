import { Form, type FormInstance } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';

import { foldForSearch } from '../../../../shared/lib/fold';
import { searchAgencies } from '../api/incoming';
import { type FileProposal, PROPOSAL_TYPES } from '../api/proposal';
import type { AgencyOption, DocumentFile, DocumentType } from '../api/types';
import { PROPOSED_FIELDS, type ProposedField } from '../components/proposal-notice';
import { type FormValues, text } from './register-incoming-form';
import { useFileProposal } from './use-file-proposal';

/** The file whose content proposes the details: the first PDF or DOCX uploaded (the main one). */
function readableFile(files: readonly DocumentFile[] | undefined): DocumentFile | null {
  // The type is the one the server found in the content, whatever the file's name says.
  return (files ?? []).find((file) => PROPOSAL_TYPES.has(file.contentType)) ?? null;
}

/** The directory's agency whose name (or short name) is `name`, Vietnamese-folded; or null. */
async function findAgency(name: string, signal: AbortSignal): Promise<AgencyOption | null> {
  const folded = foldForSearch(name);
  const { items } = await searchAgencies(name, signal);
  return (
    items.find(
      (agency) =>
        foldForSearch(agency.name) === folded ||
        (agency.shortName !== '' && foldForSearch(agency.shortName) === folded),
    ) ?? null
  );
}

/** What the proposal filled in, and the sender mode before it (for the undo). */
interface Proposed {
  fields: ProposedField[];
  senderMode: FormValues['senderMode'];
}

/** The form fields that carry each proposed value (the sender is two fields and a switch). */
const PROPOSED_FORM_FIELDS: Record<ProposedField, (keyof FormValues)[]> = {
  sender: ['senderMode', 'senderAgencyId', 'senderName'],
  numberText: ['numberText'],
  issuedDate: ['issuedDate'],
  subject: ['subject'],
  typeOrdinal: ['typeOrdinal'],
};

/**
 * The proposal from the main file's content (issue 11, item 4) on the incoming registration
 * form: asked for when the file is uploaded, it fills only the fields still empty, each marked as
 * proposed until the clerk changes it (`onValuesChange`), and can be undone at once.
 * `types` are the document types known (a proposed type outside them is not filled);
 * `onAgency` receives the directory's agency chosen as the sender.
 */
export function useRegistrationProposal(
  form: FormInstance<FormValues>,
  types: readonly DocumentType[] | undefined,
  onAgency: (agency: { value: number; label: string }) => void,
) {
  const files = Form.useWatch('files', form);
  const mainFile = readableFile(files);
  const [proposed, setProposed] = useState<Proposed | null>(null);
  const [applied, setApplied] = useState<{ fileId: number; fields: ProposedField[] } | null>(null);
  const [undone, setUndone] = useState(false);
  const isProposed = (field: ProposedField) => proposed?.fields.includes(field) ?? false;

  const applyProposal = async (proposal: FileProposal, signal: AbortSignal) => {
    const agency = proposal.senderName
      ? await findAgency(proposal.senderName, signal).catch(() => null)
      : null;
    if (signal.aborted) {
      return;
    }
    // Read the form now: the clerk may have typed while the file was being read.
    const values = form.getFieldsValue(true) as FormValues;
    const patch: Partial<FormValues> = {};
    const filled: ProposedField[] = [];
    if (!text(values.numberText) && proposal.numberText) {
      patch.numberText = proposal.numberText;
      filled.push('numberText');
    }
    const issued = /^\d{4}-\d{2}-\d{2}$/.test(proposal.issuedDate)
      ? dayjs(proposal.issuedDate)
      : null;
    if (!values.issuedDate && issued?.isValid()) {
      patch.issuedDate = issued;
      filled.push('issuedDate');
    }
    if (!text(values.senderName) && values.senderAgencyId === undefined && proposal.senderName) {
      if (agency) {
        patch.senderMode = 'directory';
        patch.senderAgencyId = agency.id;
        onAgency({ value: agency.id, label: agency.name });
      } else {
        patch.senderMode = 'text';
        patch.senderName = proposal.senderName;
      }
      filled.push('sender');
    }
    if (!text(values.subject) && proposal.subject) {
      patch.subject = proposal.subject;
      filled.push('subject');
    }
    const knownType =
      proposal.typeOrdinal > 0 &&
      (types === undefined || types.some((type) => type.ordinal === proposal.typeOrdinal));
    if (values.typeOrdinal === undefined && knownType) {
      patch.typeOrdinal = proposal.typeOrdinal;
      filled.push('typeOrdinal');
    }
    form.setFieldsValue(patch);
    // Fields filled by a form change do not validate by themselves: clear their old errors.
    form.setFields(
      Object.keys(patch).map((name) => ({ name: name as keyof FormValues, errors: [] })),
    );
    setApplied({ fileId: proposal.fileId, fields: filled });
    setUndone(false);
    if (filled.length > 0) {
      setProposed((previous) => ({
        fields: [...new Set([...(previous?.fields ?? []), ...filled])],
        senderMode: previous?.senderMode ?? values.senderMode,
      }));
    }
  };
  const proposal = useFileProposal(mainFile?.id ?? null, (answer, signal) => {
    void applyProposal(answer, signal);
  });

  const undoProposal = () => {
    if (!proposed) {
      return;
    }
    const patch: Partial<FormValues> = {};
    for (const field of proposed.fields) {
      for (const name of PROPOSED_FORM_FIELDS[field]) {
        (patch as Record<string, unknown>)[name] = undefined;
      }
    }
    if (proposed.fields.includes('sender')) {
      patch.senderMode = proposed.senderMode;
    }
    form.setFieldsValue(patch);
    setProposed(null);
    setUndone(true);
  };

  /** The clerk changed a field: it is theirs now, no longer a proposal. */
  const onValuesChange = (changed: Partial<FormValues>) => {
    if (!proposed) {
      return;
    }
    const touched = PROPOSED_FIELDS.filter((field) =>
      PROPOSED_FORM_FIELDS[field].some((name) => name in changed),
    );
    if (touched.length > 0) {
      const fields = proposed.fields.filter((field) => !touched.includes(field));
      setProposed(fields.length > 0 ? { ...proposed, fields } : null);
    }
  };
  /** Forgets the proposal (the form is reset for another document). */
  const reset = () => {
    setProposed(null);
    setApplied(null);
    setUndone(false);
  };

  return {
    mainFile,
    status: proposal,
    /** The fields the last answer filled, when it is the current file's. */
    filled:
      proposal.phase === 'done' && applied?.fileId === proposal.fileId ? applied.fields : null,
    undone,
    isProposed,
    undoProposal,
    onValuesChange,
    reset,
  };
}
