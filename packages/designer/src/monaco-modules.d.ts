// monaco-editor ships no declarations for its editor-core entry; its API is the main entry's.
declare module 'monaco-editor/esm/vs/editor/edcore.main.js' {
  export * from 'monaco-editor';
}

declare module 'monaco-editor/esm/vs/language/json/monaco.contribution.js' {
  export const jsonDefaults: typeof import('monaco-editor').json.jsonDefaults;
}
