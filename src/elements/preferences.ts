// PLACEHOLDER
export function definePreferences(): void {}
