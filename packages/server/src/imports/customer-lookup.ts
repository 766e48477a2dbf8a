// The lookup lives with the customers' other queries; interaction imports import it from here.
export { lookupCustomerIdsPg } from '../customers/customers.repository.js';
