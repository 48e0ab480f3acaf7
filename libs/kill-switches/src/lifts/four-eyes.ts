/**
 * Four eyes compares people (DESIGN.md: Identity): the approver is a person
 * other than the requester, signed in (an API token acts for its creator and
 * could be the requester's own), and whose account existed when the request
 * was made (so nobody can create a second account to approve their own lift).
 * Nor may either of the two have appointed the other, directly or through
 * people they appointed (appointers.ts): an admin who creates an account chose
 * its password, and one who grants a role chose who holds it. Two accounts of
 * one email (a local account and the single sign-on account the provider
 * vouches is the same address) are one person's (appointers.ts personOf): they
 * decide nothing of each other's, and what either appointed counts for both.
 * The same checks guard an auto-kill policy: its author cannot approve it.
 * The decide routes enforce them (checkFourEyes); the views tell a person in
 * advance whether they pass them (FourEyes.verdict), by the same code.
 */
import { Role, Tx } from '@killswitch/db';
import { AppError, PublicErrorCode } from '@killswitch/http';
import { UserPrincipal, missingRoleRefusal } from '@killswitch/identity';
import { Appointers, AppointerReader, Appointment, appointersOf, personOf } from './appointers';

/** The roles that let a person decide on a lift (the decide routes' @Roles). */
export const DECIDING_ROLES: readonly Role[] = [Role.admin, Role.approver];
/** The roles that let a person ask for a lift or write a policy. */
const REQUESTING_ROLES: readonly Role[] = [Role.admin, Role.responder];

/** What the first person made, in the words of the refusals. */
export interface FourEyesSubject {
  /** `a lift request`, `an auto-kill policy` */
  noun: string;
  /** `requested this lift`, `wrote this policy` */
  did: string;
  /** `this lift was requested` */
  madeWhen: string;
  /** `the requester of this lift` */
  author: string;
}

const LIFT: FourEyesSubject = {
  noun: 'a lift request',
  did: 'requested this lift',
  madeWhen: 'this lift was requested',
  author: 'the requester of this lift',
};

/** A request by one person that another must decide: its author and when it was made. */
export interface MadeByOnePerson {
  requestedById: string;
  requestedAt: Date;
}

/** Whether the person reading a request may decide it, and if not the refusal its route would answer: told in the request's view. */
export interface YourDecision {
  youMayDecide: boolean;
  whyNot?: { code: PublicErrorCode; message: string };
}

/**
 * The four-eyes checks for one person, who may look at many requests: their
 * own appointers are walked once, and each requester's once, however many
 * requests that requester made (a list costs one walk per distinct requester,
 * not one per row).
 */
export class FourEyes {
  private me?: Promise<string[]>;
  private mine?: Promise<Appointers>;
  /** Each requester's accounts (their person), and who appointed them: looked up once a requester. */
  private readonly people = new Map<string, Promise<string[]>>();
  private readonly theirs = new Map<string, Promise<Appointers>>();

  constructor(
    private readonly db: AppointerReader,
    private readonly principal: UserPrincipal,
  ) {}

  /**
   * Why this person may not decide the request, or undefined if they may. In
   * order: an API token; the requester themselves; an account newer than the
   * request; another account of the requester's person (appointers.ts
   * personOf: a local account and an SSO account of one email); an approver
   * whose account, or whose admin or approver role, the requester gave them
   * (through an API token too: grants record the person), directly or through
   * people the requester appointed; an approver who appointed the requester
   * the same way (created their account, or gave them the admin or responder
   * role they asked with, or did so through people they appointed). Each side
   * is a person: any of its accounts counts. Accounts and grants from before
   * these were recorded have no grantor: they count as appointed by nobody.
   */
  async refusal(request: MadeByOnePerson, verb: string, subject: FourEyesSubject = LIFT): Promise<AppError | undefined> {
    const { principal } = this;
    if (principal.via === 'api-token') {
      return new AppError('forbidden', `an API token cannot ${verb} ${subject.noun}: sign in as a person`, undefined, 'api_token_cannot_decide');
    }
    if (principal.userId === request.requestedById) {
      return new AppError('forbidden', `you ${subject.did}: a second person must ${verb} it (four eyes)`, undefined, 'self_approval');
    }
    if (principal.userCreatedAt > request.requestedAt) {
      return new AppError('forbidden', `your account was created after ${subject.madeWhen}, so it cannot ${verb} it`, undefined, 'approver_newer_than_request');
    }
    const them = await this.personOfRequester(request.requestedById);
    if (them.includes(principal.userId)) {
      return new AppError('forbidden', sameEmailMessage(verb, subject), undefined, 'same_email_as_requester');
    }
    this.me ??= personOf(this.db, principal.userId);
    const me = await this.me;
    this.mine ??= appointersOf(this.db, me, DECIDING_ROLES);
    const mine = await this.mine;
    const appointed = them.map((id) => mine.get(id)).find((found) => found !== undefined);
    if (appointed) {
      return new AppError(
        'forbidden',
        `${howYouWereAppointed(appointed, subject)}, so you cannot ${verb} it: ask someone they did not appoint (four eyes)`,
        undefined,
        'approver_granted_by_requester',
      );
    }
    let theirs = this.theirs.get(request.requestedById);
    if (!theirs) {
      theirs = appointersOf(this.db, them, REQUESTING_ROLES);
      this.theirs.set(request.requestedById, theirs);
    }
    const appointers = await theirs;
    if (me.some((id) => appointers.has(id))) {
      return new AppError('forbidden', requesterAppointedMessage(verb, subject), undefined, 'requester_appointed_by_approver');
    }
    return undefined;
  }

  private personOfRequester(userId: string): Promise<string[]> {
    let person = this.people.get(userId);
    if (!person) {
      person = personOf(this.db, userId);
      this.people.set(userId, person);
    }
    return person;
  }

  /**
   * Whether this person may decide the request and, if not, the refusal its route would answer: the route's role
   * check (`deciders`, its @Roles), then the refusal above. The route still enforces both: this only tells in advance.
   */
  async verdict(request: MadeByOnePerson, deciders: readonly Role[], verb: string, subject: FourEyesSubject = LIFT): Promise<YourDecision> {
    const refused = missingRoleRefusal(this.principal, deciders) ?? (await this.refusal(request, verb, subject));
    if (!refused) return { youMayDecide: true };
    return { youMayDecide: false, whyNot: { code: refused.publicCode ?? refused.code, message: refused.message } };
  }
}

/** Throws the four-eyes refusal of this decision, if there is one (FourEyes.refusal): what the decide routes call. */
export async function checkFourEyes(tx: Tx, principal: UserPrincipal, request: MadeByOnePerson, verb: string, subject: FourEyesSubject = LIFT): Promise<void> {
  const refused = await new FourEyes(tx, principal).refusal(request, verb, subject);
  if (refused) throw refused;
}

/** The nearest link says what the requester did: made the account, granted a role, or did either through people they appointed. */
function howYouWereAppointed({ distance, ways }: Appointment, subject: FourEyesSubject): string {
  if (distance > 1) return `your account, or a role you hold or held, comes from ${subject.author} through people they appointed`;
  if (ways.includes('account')) return `your account was created by ${subject.author}`;
  const role = DECIDING_ROLES.find((deciding) => ways.includes(deciding)) ?? ways[0];
  return `your ${role} role was granted by ${subject.author}`;
}

function sameEmailMessage(verb: string, subject: FourEyesSubject): string {
  return `your account has the same email as ${subject.author}: both are one person's accounts (a local one and a single sign-on one), so you cannot ${verb} it: ask someone else (four eyes)`;
}

function requesterAppointedMessage(verb: string, subject: FourEyesSubject): string {
  return `${subject.author} owes their account or role to you, directly or through people you appointed, so you cannot ${verb} it: ask someone who did not appoint them (four eyes)`;
}

/** The four-eyes refusals of a decision, with the messages the checks above give: for the route's `@ApiErrors`. */
export function fourEyesRefusals(verb: string, subject: FourEyesSubject = LIFT): [PublicErrorCode, string][] {
  return [
    ['api_token_cannot_decide', `an API token cannot ${verb} ${subject.noun}: sign in as a person`],
    ['self_approval', `you ${subject.did}: a second person must ${verb} it (four eyes)`],
    ['same_email_as_requester', sameEmailMessage(verb, subject)],
    ['approver_newer_than_request', `your account was created after ${subject.madeWhen}, so it cannot ${verb} it`],
    ['approver_granted_by_requester', `your account was created by ${subject.author}, so you cannot ${verb} it: ask someone they did not appoint (four eyes)`],
    ['requester_appointed_by_approver', requesterAppointedMessage(verb, subject)],
  ];
}
