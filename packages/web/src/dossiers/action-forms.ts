import type { actionPerformers, DossierAction, OpeningAction } from '@congso/core';
import { type ComponentType, type LazyExoticComponent, lazy } from 'react';
import type { DossierDetail } from './api';

/**
 * Every action's web form, registered here so that a new action cannot be forgotten: the map must have an
 * entry per action of core (`satisfies`), a `desk` form when an officer role performs it and a `portal`
 * form when the applicant does (from core's `actionPerformers`), and action-forms.test.ts checks the same
 * at run time. Each form is small and sits behind the shared shell (action-form-shell.tsx: the mutation,
 * the version conflict, the paper to print); an action without fields has a confirmation form. The forms
 * load when opened (this file stays free of JSX, so a node test can read it).
 */

export interface ActionFormProps<A extends DossierAction = DossierAction> {
  dossier: DossierDetail;
  action: A;
  /** The action was done: the dossier as it is now. */
  onDone: (dossier: DossierDetail) => void;
  /** Someone acted first and the action is no longer open to the caller (the page reloaded the dossier). */
  onStale: () => void;
  /** Closes the form without acting (a modal's Cancel); absent for a form that stays on the page. */
  onCancel?: () => void;
}

export type ActionForm<A extends DossierAction> = LazyExoticComponent<ComponentType<ActionFormProps<A>>>;

/** The opening action's form is not on a dossier: it is the filing page (portal/filing). */
export const filingPage = 'filing-page';

type Performers<A extends DossierAction> = (typeof actionPerformers)[A][number];
type DeskEntry<A extends DossierAction> = [Exclude<Performers<A>, 'applicant'>] extends [never]
  ? { desk?: never }
  : { desk: ActionForm<A> };
type PortalEntry<A extends DossierAction> =
  'applicant' extends Performers<A>
    ? { portal: A extends OpeningAction ? typeof filingPage : ActionForm<A> }
    : { portal?: never };
export type ActionFormEntry<A extends DossierAction> = DeskEntry<A> & PortalEntry<A>;

/** A form loaded when first shown. */
function form<A extends DossierAction>(load: () => Promise<ComponentType<ActionFormProps<A>>>): ActionForm<A> {
  return lazy(() => load().then((component) => ({ default: component })));
}

const simple = () => import('../desk/action-forms/simple-forms');
const routing = () => import('../desk/action-forms/routing-forms');
const supplement = () => import('../desk/action-forms/supplement-forms');
const result = () => import('../desk/action-forms/result-forms');
const portal = () => import('../portal/action-forms');

export const actionForms = {
  submit_online: { portal: filingPage },
  receive: { desk: form(() => simple().then((m) => m.ConfirmForm)) },
  refuse_receipt: { desk: form(() => simple().then((m) => m.ReasonForm)) },
  forward: { desk: form(() => routing().then((m) => m.AgencyForm)) },
  assign: { desk: form(() => routing().then((m) => m.AssignForm)) },
  request_supplement: { desk: form(() => supplement().then((m) => m.RequestSupplementForm)) },
  submit_supplement: {
    desk: form(() => supplement().then((m) => m.SubmitSupplementForm)),
    portal: form(() => portal().then((m) => m.PortalSupplementForm)),
  },
  propose_approval: { desk: form(() => simple().then((m) => m.NoteForm)) },
  propose_refusal: { desk: form(() => simple().then((m) => m.ReasonForm)) },
  approve: { desk: form(() => simple().then((m) => m.NoteForm)) },
  refuse: { desk: form(() => simple().then((m) => m.ReasonForm)) },
  request_payment: { desk: form(() => result().then((m) => m.RequestPaymentForm)) },
  confirm_payment: { desk: form(() => simple().then((m) => m.ConfirmPaymentForm)) },
  waive_payment: { desk: form(() => simple().then((m) => m.WaivePaymentForm)) },
  issue_result: { desk: form(() => result().then((m) => m.IssueResultForm)) },
  return_result: { desk: form(() => simple().then((m) => m.ReturnResultForm)) },
  apologize: { desk: form(() => result().then((m) => m.ApologizeForm)) },
  stop: { desk: form(() => simple().then((m) => m.ReasonForm)) },
  withdraw: {
    desk: form(() => simple().then((m) => m.ReasonForm)),
    portal: form(() => portal().then((m) => m.PortalWithdrawForm)),
  },
  rate: { portal: form(() => portal().then((m) => m.PortalRatingForm)) },
  send_to_agency: { desk: form(() => routing().then((m) => m.AgencyForm)) },
  return_from_agency: { desk: form(() => simple().then((m) => m.NoteForm)) },
} satisfies { [A in DossierAction]: ActionFormEntry<A> };

/** The form of an action on one side, or undefined when that side does not perform it. */
export function actionFormOf<A extends DossierAction>(action: A, side: 'desk' | 'portal'): ActionForm<A> | undefined {
  const entry = (actionForms as Record<DossierAction, { desk?: unknown; portal?: unknown }>)[action];
  const found = entry?.[side];
  return typeof found === 'object' || typeof found === 'function' ? (found as ActionForm<A>) : undefined;
}
