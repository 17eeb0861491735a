import { connect } from './transport';

export const connection = connect();
export const api = connection.api;
export const onEvent = connection.on;
