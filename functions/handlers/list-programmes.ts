import { httpHandler, type Provider } from '../http/http-handler.js';
import { pageBody, pageRequest } from '../http/paging.js';
import { json } from '../http/response.js';
import { listProgrammes } from '../programmes/get-programme.js';
import { type Dependencies, productionDependencies } from './dependencies.js';

export function createListProgrammesHandler(dependencies: Provider<Dependencies>) {
  return httpHandler('list-programmes', dependencies, async (request, deps) => {
    const page = await listProgrammes(deps, pageRequest(request));
    return json(
      200,
      pageBody(page, (item) => item),
    );
  });
}

export const handler = createListProgrammesHandler(productionDependencies);
