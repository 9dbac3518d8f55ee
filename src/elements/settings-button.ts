// PLACEHOLDER: replaced by the settings button element.
export function defineSettingsButton(): void {}
