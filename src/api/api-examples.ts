/**
 * The values the API's examples use (the /api page, the OpenAPI document). They name things in the demo
 * collection (`npm start`, seed 1923), so every example finds something there; docs/api.md uses the same.
 * test/e2e/every-help-and-api-example-finds-something-in-the-demo.suite.ts runs them all.
 */
export const API_EXAMPLE = {
  /** "7,000 Refugees Reach Brussels Aboard Ship", page 2 of the bulletin of September 19, 1944. */
  articleId: '19440919-hz8y8y',
  date: '1944-09-19',
  page: 2,
  query: 'refugees ship',
  from: '1940',
  to: '1949',
  uploadFile: '1944-09-19.pdf',
} as const;
