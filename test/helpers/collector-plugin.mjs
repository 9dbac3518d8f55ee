// PLACEHOLDER: replaced by the real local collector endpoint.
export function collectorPlugin() { return { name: 'collector' }; }
