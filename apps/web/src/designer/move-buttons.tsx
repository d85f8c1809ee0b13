import { Button, Space } from 'antd';
import { useTranslation } from 'react-i18next';

/** Up, down and remove buttons of one row of an ordered list. */
export function MoveButtons(props: {
  readonly index: number;
  readonly count: number;
  readonly onMove: (by: -1 | 1) => void;
  readonly onRemove: () => void;
  readonly canRemove: boolean;
  readonly type?: 'text' | 'default';
}) {
  const { t } = useTranslation();
  const type = props.type ?? 'default';
  return (
    <Space size={0}>
      <Button
        size="small"
        type={type}
        disabled={props.index === 0}
        onClick={() => props.onMove(-1)}
        aria-label={t('moveUp')}
      >
        ↑
      </Button>
      <Button
        size="small"
        type={type}
        disabled={props.index === props.count - 1}
        onClick={() => props.onMove(1)}
        aria-label={t('moveDown')}
      >
        ↓
      </Button>
      <Button
        size="small"
        type={type}
        danger
        disabled={!props.canRemove}
        onClick={props.onRemove}
        aria-label={t('remove')}
      >
        ✕
      </Button>
    </Space>
  );
}
