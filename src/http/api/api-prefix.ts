/** Where the content API is mounted; its own module so the site app can forward the path without loading the API. */
export const API_PREFIX = '/api/v1'
