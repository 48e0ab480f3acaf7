/**
 * Four eyes compares people (DESIGN.md: Identity): the approver is a person
 * other than the requester, signed in (an API token acts for its creator and
 * could be the requester's own), and whose account existed when the request
 * was made (so nobody can create a second account to approve their own lift).
 */
import { LiftRequest } from '@killswitch/db';
import { AppError } from '@killswitch/http';
import { UserPrincipal } from '@killswitch/identity';

export function checkSecondPerson(principal: UserPrincipal, request: Pick<LiftRequest, 'requestedById' | 'requestedAt'>, verb: string): void {
  if (principal.via === 'api-token') {
    throw new AppError('forbidden', `an API token cannot ${verb} a lift request: sign in as a person`);
  }
  if (principal.userId === request.requestedById) {
    throw new AppError('forbidden', `you requested this lift: a second person must ${verb} it (four eyes)`);
  }
  if (principal.userCreatedAt > request.requestedAt) {
    throw new AppError('forbidden', `your account was created after this lift was requested, so it cannot ${verb} it`);
  }
}
