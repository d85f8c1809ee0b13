import { message } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Moves shown at once while their save runs (a card in its new lane, an event on its new day):
 * `move(id, where, save)` shows it, and when the save is refused puts it back and tells the reason.
 */
export function usePendingMoves<T>() {
  const { t } = useTranslation('views');
  const [moves, setMoves] = useState<ReadonlyMap<string, T>>(new Map());
  const move = useCallback(
    (id: string, where: T, save: () => Promise<void>) => {
      setMoves((m) => new Map(m).set(id, where));
      save()
        .catch((error: unknown) => {
          void message.error(
            t('moveRefused', { reason: (error as Error)?.message ?? String(error) }),
          );
        })
        .finally(() =>
          setMoves((m) => {
            const next = new Map(m);
            next.delete(id);
            return next;
          }),
        );
    },
    [t],
  );
  return { moves, move };
}
