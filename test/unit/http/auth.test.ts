import { describe, expect, it } from 'vitest';
import { ForbiddenError, UnauthorizedError } from '../../../functions/errors/errors.js';
import { authorize, groupsFromClaim } from '../../../functions/http/auth.js';
import { routeOf } from '../../../functions/http/routes.js';
import { asReviewer, asWriter, httpEvent } from '../../fixtures/events/http-event.js';

describe('Function: groupsFromClaim', () => {
  it.each([
    ['API Gateway’s flattened form', '[writers admins]', ['writers', 'admins']],
    ['a single flattened group', '[reviewers]', ['reviewers']],
    ['a JSON array string', '["writers","admins"]', ['writers', 'admins']],
    ['a real array', ['writers', 'admins'], ['writers', 'admins']],
    ['one bare group', 'writers', ['writers']],
    ['an empty flattened list', '[]', []],
    ['a flattened group whose name holds a comma', '[guests,writers]', ['guests,writers']],
    ['a bare group whose name holds a comma', 'guests,writers', ['guests,writers']],
    ['no claim', undefined, []],
    ['a number', 42, []],
  ])('reads %s', (_, claim, groups) => {
    expect(groupsFromClaim(claim)).toEqual(groups);
  });
});

describe('Function: authorize', () => {
  const putProgramme = routeOf('put-programme');

  it('names the caller by user name and keeps the subject for scoping', () => {
    // Act
    const caller = authorize(putProgramme, httpEvent({ method: 'PUT', route: '/programmes/{id}' }));

    // Assess
    expect(caller).toEqual({
      sub: asWriter.sub,
      name: 'ada.writer',
      groups: ['writers'],
    });
  });

  it('refuses a request without claims, or without a subject, as unauthorised', () => {
    const noClaims = httpEvent({ method: 'PUT', route: '/programmes/{id}', claims: null });
    const noSub = httpEvent({
      method: 'PUT',
      route: '/programmes/{id}',
      claims: { ...asWriter, sub: '' },
    });
    expect(() => authorize(putProgramme, noClaims)).toThrow(UnauthorizedError);
    expect(() => authorize(putProgramme, noSub)).toThrow(UnauthorizedError);
  });

  it('refuses a caller whose only group merely contains a route’s group name', () => {
    // Prepare: API Gateway flattens ["guests,writers"] to "[guests,writers]".
    const event = httpEvent({
      method: 'PUT',
      route: '/programmes/{id}',
      claims: { ...asWriter, 'cognito:groups': '[guests,writers]' },
    });

    // Act and assess
    expect(() => authorize(putProgramme, event)).toThrow(ForbiddenError);
  });

  it('refuses a caller outside the route’s groups as forbidden', () => {
    const event = httpEvent({ method: 'PUT', route: '/programmes/{id}', claims: asReviewer });
    expect(() => authorize(putProgramme, event)).toThrow(ForbiddenError);
  });

  it('lets anyone call a public route', () => {
    const event = httpEvent({ method: 'GET', route: '/health', claims: null });
    expect(authorize(routeOf('get-health'), event).sub).toBe('anonymous');
  });
});
