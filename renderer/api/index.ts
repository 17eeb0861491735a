import { connect } from './transport';

export const connection = connect();
export const api = connection.api;
export const onEvent = connection.on;
export const fileForImport = connection.fileForImport;
