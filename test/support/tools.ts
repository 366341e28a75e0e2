// Tests that run the terraform binary carry a tag in their name; `npm run test:unit`
// (CVMKIT_TESTS=unit) selects the others by name (jest.config.js), the fast part.
export const UNIT_RUN = process.env.CVMKIT_TESTS === 'unit';

/** The tag in the name of every test that runs terraform. */
export const TERRAFORM_TAG = '[terraform]';

/** `test` for a test that runs terraform: its name carries {@link TERRAFORM_TAG}. */
export const withTerraform = (name: string, fn: jest.ProvidesCallback, timeout?: number): void => test(`${name} ${TERRAFORM_TAG}`, fn, timeout);
