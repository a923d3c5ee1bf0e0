/**
 * POST /api/v1/series/:id/conflicts/:month/review (admin) and GET …/reviews, the month's review
 * history. Thin: parse, call the domain, map.
 */
import { Router } from 'express';
import type { ConflictReviews } from '../reviews/conflict-reviews.js';
import { conflictReviewEndpoints as api } from '../contract/index.js';
import { principalName } from './auth-middleware.js';
import { route } from './route.js';

export function conflictReviewRouter(deps: { reviews: ConflictReviews }): Router {
  const router = Router();
  route(router, api.reviewConflict, async ({ params, body }, res) => ({
    status: 200,
    body: await deps.reviews.review(params.id, params.month, body, principalName(res)),
  }));
  route(router, api.listConflictReviews, async ({ params }) => ({
    status: 200,
    body: { series: params.id, month: params.month, reviews: await deps.reviews.history(params.id, params.month) },
  }));
  return router;
}
