// The editor core and the JSON language only: monaco's main entry would also bundle every other
// language and its worker.
import type * as MonacoApi from 'monaco-editor';
import * as core from 'monaco-editor/esm/vs/editor/edcore.main.js';
import { jsonDefaults } from 'monaco-editor/esm/vs/language/json/monaco.contribution.js';
import { useEffect, useRef } from 'react';

const monaco = core as unknown as typeof MonacoApi;

/** A JSON Schema monaco validates and completes against, for documents matching `fileMatch`. */
export interface EditorSchema {
  readonly uri: string;
  readonly schema: object;
  readonly fileMatch?: readonly string[];
}

/** What the monaco JSON editor shows and reports. */
export interface MonacoJsonEditorProps {
  readonly value: string;
  readonly onChange: (text: string) => void;
  /** The model's URI, matched against the schemas' fileMatch (e.g. 'inmemory://tangram/form.json'). */
  readonly modelUri: string;
  readonly schemas?: readonly EditorSchema[];
  readonly height?: number | string;
  /** Called with the editor's problem count whenever its markers change. */
  readonly onProblems?: (count: number) => void;
}

/**
 * monaco-editor for JSON, with schema validation and completion. Imported only through
 * JsonCodeEditor's lazy import, so monaco stays out of every chunk but the designer's on-demand one.
 */
export function MonacoJsonEditor(props: MonacoJsonEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<MonacoApi.editor.IStandaloneCodeEditor | null>(null);
  const latest = useRef(props);
  latest.current = props;

  useEffect(() => {
    if (props.schemas) {
      jsonDefaults.setDiagnosticsOptions({
        validate: true,
        enableSchemaRequest: false,
        schemas: props.schemas.map((s) => ({
          uri: s.uri,
          schema: s.schema,
          ...(s.fileMatch ? { fileMatch: [...s.fileMatch] } : {}),
        })),
      });
    }
  }, [props.schemas]);

  useEffect(() => {
    if (!host.current) return;
    const uri = monaco.Uri.parse(props.modelUri);
    const model =
      monaco.editor.getModel(uri) ?? monaco.editor.createModel(latest.current.value, 'json', uri);
    model.setValue(latest.current.value);
    const editor = monaco.editor.create(host.current, {
      model,
      automaticLayout: true,
      minimap: { enabled: false },
      tabSize: 2,
      scrollBeyondLastLine: false,
    });
    editorRef.current = editor;
    const changes = model.onDidChangeContent(() => latest.current.onChange(model.getValue()));
    const markers = monaco.editor.onDidChangeMarkers((uris) => {
      if (uris.some((u) => u.toString() === uri.toString())) {
        latest.current.onProblems?.(monaco.editor.getModelMarkers({ resource: uri }).length);
      }
    });
    return () => {
      changes.dispose();
      markers.dispose();
      editor.dispose();
      model.dispose();
      editorRef.current = null;
    };
  }, [props.modelUri]);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (model && model.getValue() !== props.value) model.setValue(props.value);
  }, [props.value]);

  return (
    <div
      ref={host}
      data-testid="monaco-json"
      style={{ height: props.height ?? 360, border: '1px solid #d9d9d9' }}
    />
  );
}
