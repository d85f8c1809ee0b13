import { Alert } from 'antd';
import { apiErrorMessage } from './api-error-message';

/** The message of a failed API call (with a metadata error's issues), or nothing. */
export function ErrorAlert({ error }: { readonly error: unknown }) {
  if (!error) return null;
  return (
    <Alert type="error" showIcon message={apiErrorMessage(error)} style={{ marginBottom: 12 }} />
  );
}
