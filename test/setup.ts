// Registers cdktf's jest matchers (toHaveResourceWithProperties and friends) and their types.
import { Testing } from 'cdktf';
import 'cdktf/lib/testing/adapters/jest';

Testing.setupJest();
