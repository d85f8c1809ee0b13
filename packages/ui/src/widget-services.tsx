import { createContext, type ReactNode, useContext } from 'react';

/** One division of China, as the regions API lists it. */
export interface RegionOption {
  readonly code: string;
  readonly name: string;
  readonly hasChildren: boolean;
}

/** An uploaded file as an attachment field holds it. */
export interface UploadedFile {
  readonly id: string;
  readonly name: string;
  readonly size: number;
  readonly contentType?: string;
}

/**
 * What rich widgets need from the server, supplied by the app (packages/ui never fetches):
 * record search for lookup pickers, the region tree, file upload and download URLs.
 */
export interface WidgetServices {
  searchRecords(object: string, text: string): Promise<{ id: string; name: string | null }[]>;
  /** The name of one record, for showing a lookup's current value. */
  recordName(object: string, id: string): Promise<string | null>;
  regionChildren(parent: string): Promise<RegionOption[]>;
  /** The names of a code's province, city and district, from the top. */
  regionPath(code: string): Promise<string[]>;
  uploadFile(file: File): Promise<UploadedFile>;
  /** The people user fields can name (all of the tenant for administrators, else oneself). */
  listUsers(): Promise<{ id: string; name: string }[]>;
  /**
   * Where the file `id` held by attachment field `field` downloads from; the app binds it to the
   * record being edited, since the server checks access through the record that holds a file.
   */
  fileUrl(id: string, field: string): string;
}

const WidgetServicesContext = createContext<WidgetServices | null>(null);

/** Makes the app's services available to the widgets below it. */
export function WidgetServicesProvider(props: {
  readonly services: WidgetServices;
  readonly children: ReactNode;
}) {
  return (
    <WidgetServicesContext.Provider value={props.services}>
      {props.children}
    </WidgetServicesContext.Provider>
  );
}

/** The services of the nearest provider; widgets without one fall back to plain inputs. */
export function useWidgetServices(): WidgetServices | null {
  return useContext(WidgetServicesContext);
}
