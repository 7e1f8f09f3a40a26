import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// The machine running the tests is shared and often loaded: give lazy
// extensions and async loads time to settle instead of flaking.
configure({ asyncUtilTimeout: 10_000 });
jest.setTimeout(60_000);
