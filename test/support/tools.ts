// Tests that run the terraform binary are skipped by `npm run test:unit` (CVMKIT_TESTS=unit), the fast part.
export const UNIT_RUN = process.env.CVMKIT_TESTS === 'unit';

/** `test`, or `test.skip` in the unit run: for a test that runs terraform. */
export const withTerraform: jest.It = UNIT_RUN ? test.skip : test;
