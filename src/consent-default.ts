// PLACEHOLDER: replaced by the Consent Mode default snippet (issue 3).
export {};
